/**
 * What TextPower's service has answered so far for one upload, kept on disk so that a status
 * run stopped half-way (cancelled, the app quit, the machine restarted, a `txp results` run
 * interrupted) resumes where it stopped instead of asking every number again.
 *
 * The retention rule (DESIGN.md: no copy of phone data) holds: the file holds no number. The
 * answers are kept by position in the run's list of numbers asked, the list is known only by
 * a digest (a run over another list starts afresh), and each answer has the number it was
 * about replaced by a placeholder (any other long run of digits is masked). The file is
 * removed once every number is answered.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../config/atomic-write';

const FOLDER = 'results-progress';
const NUMBER = '{number}';
const VERSION = 1;

interface ProgressFile {
  version: number;
  /** SHA-256 of the keyword and the numbers asked, in order. */
  list: string;
  /** The answer for each number by its position; null where none came yet. */
  answers: (string | null)[];
}

export class StatusProgress {
  private readonly digest: string;
  private savedCount = 0;

  private constructor(
    private readonly file: string,
    private readonly asked: readonly string[],
    keyword: string | null,
  ) {
    this.digest = createHash('sha256')
      .update(`${keyword ?? ''}\n${asked.join('\n')}`)
      .digest('hex');
  }

  /** The progress file of one upload to one account, under the config folder. */
  static for(configDir: string, accountName: string, remoteName: string, asked: readonly string[], keyword: string | null): StatusProgress {
    const name = createHash('sha256').update(`${accountName}\n${remoteName}`).digest('hex').slice(0, 32);
    return new StatusProgress(join(configDir, FOLDER, `${name}.json`), asked, keyword);
  }

  /** The answers an earlier run of the same list left, by number asked; empty when there are none or the list differs. */
  async load(): Promise<Map<string, string>> {
    const answers = new Map<string, string>();
    let saved: ProgressFile;
    try {
      saved = JSON.parse(await readFile(this.file, 'utf8')) as ProgressFile;
    } catch {
      return answers; // none yet, or unreadable: start afresh (the service is asked again; nothing is lost)
    }
    if (saved.version !== VERSION || saved.list !== this.digest || !Array.isArray(saved.answers) || saved.answers.length !== this.asked.length) return answers;
    saved.answers.forEach((answer, i) => {
      const number = this.asked[i] as string;
      if (typeof answer === 'string') answers.set(number, answer.replaceAll(NUMBER, number));
    });
    this.savedCount = answers.size;
    return answers;
  }

  /** Writes the answers had so far (atomically; readable by this user only). Skipped when nothing new came. */
  async save(answers: ReadonlyMap<string, string>): Promise<void> {
    if (answers.size === this.savedCount) return;
    const file: ProgressFile = { version: VERSION, list: this.digest, answers: this.asked.map((number) => masked(answers.get(number), number)) };
    await mkdir(join(this.file, '..'), { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.file, JSON.stringify(file));
    this.savedCount = answers.size;
  }

  /** Every number answered: nothing to resume. */
  async remove(): Promise<void> {
    await rm(this.file, { force: true });
  }

  /** Where the file is (tests). */
  get path(): string {
    return this.file;
  }
}

/** An answer without the number it is about, nor any other run of seven digits or more. */
function masked(answer: string | undefined, number: string): string | null {
  if (answer === undefined) return null;
  const digits = number.replace(/\D/g, '');
  let text = answer.replaceAll(number, NUMBER);
  if (digits !== number) text = text.replaceAll(digits, NUMBER);
  return text.replace(/\d{7,}/g, (run) => '#'.repeat(run.length));
}
