// The bundled example datasets (public/examples/examples.json).
import type { FamilyName } from '../../core/types';

export interface ExampleDataset {
  name: string;
  file: string;
  rows: number;
  source: string;
  description: string;
  /** Suggested lme4/brms formula for this dataset. */
  formula: string;
  family: FamilyName;
  /** Integer columns to read as factors (as the reference fits do). */
  factors: string[];
  /** Text columns' level orders, lowest first (an ordinal response), by column name. */
  levels?: Record<string, string[]>;
}

export const DEFAULT_EXAMPLE = 'sleepstudy';

/** Fallback so the app still opens on sleepstudy if the manifest cannot be read. */
export const SLEEPSTUDY: ExampleDataset = {
  name: 'sleepstudy', file: 'sleepstudy.csv', rows: 180, source: 'lme4',
  description: 'Reaction times of 18 people over ten days of restricted sleep (3 hours a night).',
  formula: 'Reaction ~ Days + (Days | Subject)', family: 'gaussian', factors: [],
};

const base = () => new URL('examples/', document.baseURI);

export async function fetchExampleManifest(): Promise<ExampleDataset[]> {
  const res = await fetch(new URL('examples.json', base()));
  if (!res.ok) throw new Error(`examples.json: HTTP ${res.status}`);
  const json = (await res.json()) as { examples: ExampleDataset[] };
  return json.examples;
}

export async function fetchExampleFile(example: ExampleDataset): Promise<Blob> {
  const res = await fetch(new URL(example.file, base()));
  if (!res.ok) throw new Error(`${example.file}: HTTP ${res.status}`);
  return res.blob();
}
