import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detachedAtLoad } from '../../workers/detachOneBuffer';

const firstImport = (file: string): string | undefined =>
  readFileSync(new URL(`../../workers/${file}`, import.meta.url), 'utf8').split('\n').find((l) => l.startsWith('import '));

describe('chain shell start-up', () => {
  it('detaches a buffer when the module loads (so V8 never compiles code that a later transfer deoptimises)', () => {
    expect(detachedAtLoad.byteLength).toBe(0);
    expect(() => new Uint8Array(detachedAtLoad)).toThrow();
  });

  it.each(['chain-thread.ts', 'chain.worker.ts'])('%s imports it first, before any engine code', (file) => {
    expect(firstImport(file)).toBe("import './detachOneBuffer'; // must stay the first import (see the module)");
  });
});
