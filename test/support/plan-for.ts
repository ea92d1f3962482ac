/**
 * A list planned as the CLI plans it, from its options written as an object (columns by
 * header or #N): for tests that drive the pipeline below the command line.
 */
import { planRequestFromArgs } from '../../main/cli/cli-args';
import { ProfileStore } from '../../main/config/profile-store';
import { planList, type PreparedList } from '../../main/mapping/plan-list';

export interface CliMapping {
  sheet?: string;
  mode?: 'preformatted' | 'alp';
  phone?: string[];
  tags?: string[];
  country?: string;
  profile?: string;
  saveProfile?: string;
  removeWhen?: string;
  phoneFormat?: 'e164' | 'national';
  headerRow?: number;
}

export function planFor(path: string, mapping: CliMapping, configDir: string): Promise<PreparedList> {
  const { request, resolveColumns } = planRequestFromArgs({
    ...(mapping.sheet !== undefined ? { sheet: mapping.sheet } : {}),
    ...(mapping.mode !== undefined ? { mode: mapping.mode } : {}),
    ...(mapping.phone ? { phone: mapping.phone } : {}),
    ...(mapping.tags ? { tag: mapping.tags } : {}),
    ...(mapping.country !== undefined ? { country: mapping.country } : {}),
    ...(mapping.profile !== undefined ? { profile: mapping.profile } : {}),
    ...(mapping.saveProfile !== undefined ? { 'save-profile': mapping.saveProfile } : {}),
    ...(mapping.removeWhen !== undefined ? { 'remove-when': mapping.removeWhen } : {}),
    ...(mapping.phoneFormat !== undefined ? { 'phone-format': mapping.phoneFormat } : {}),
    ...(mapping.headerRow !== undefined ? { 'header-row': String(mapping.headerRow) } : {}),
  });
  return planList(path, request, new ProfileStore(configDir), resolveColumns);
}
