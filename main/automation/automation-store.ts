/** Automations on disk: automations.json in the config folder (no secrets), written atomically. */
import { join } from 'node:path';
import { automationSchema, automationSlug, type Automation } from '../../shared/accounts/automation';
import { TxpError } from '../../shared/txp-error';
import { NamedListFile } from '../config/json-list-file';

export class AutomationStore {
  private readonly file: NamedListFile<Automation>;

  constructor(dir: string) {
    this.file = new NamedListFile(join(dir, 'automations.json'), 'automations', automationSchema, 'automations');
  }

  list(): Promise<Automation[]> {
    return this.file.read();
  }

  async get(name: string): Promise<Automation> {
    const found = await this.file.named(name);
    if (!found) throw new TxpError('USAGE', `No automation named "${name}". See "txp automation list", or add one with "txp automation add".`);
    return found;
  }

  async save(automation: Automation): Promise<void> {
    const checked = automationSchema.safeParse(automation);
    if (!checked.success) throw new TxpError('USAGE', `Automation "${automation.name}": ${checked.error.issues.map((i) => `${i.path.join('.') || 'name'}: ${i.message}`).join('; ')}.`);
    const others = await this.file.others(automation.name);
    const clash = others.find((a) => automationSlug(a.name) === automationSlug(automation.name));
    if (clash) throw new TxpError('USAGE', `The name "${automation.name}" is too close to the automation "${clash.name}": choose another.`);
    await this.file.write([...others, checked.data].sort((a, b) => a.name.localeCompare(b.name)));
  }

  async remove(name: string): Promise<Automation> {
    const found = await this.get(name);
    await this.file.write(await this.file.others(found.name));
    return found;
  }
}
