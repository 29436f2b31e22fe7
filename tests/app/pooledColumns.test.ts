// pooledColumns (app/workspace/pooledColumns.ts): the pooled draws of the named columns only, the
// same numbers pooledDraws gives for them, with the chains cut to the common length.
import { describe, expect, it } from 'vitest';
import { DrawStore } from '../../src/client/drawStore';
import { pooledDraws } from '../../src/app/workspace/fit';
import { notGroupCoefficients, pooledColumns } from '../../src/app/workspace/pooledColumns';

const NAMES = ['b_Intercept', 'r_g[1,Intercept]', 'sd_g__Intercept', 'r_g[2,Intercept]', 'sigma'];
const P = NAMES.length;

function store(): DrawStore {
  const s = new DrawStore(NAMES, 2, 8);
  const batch = (phase: 'warmup' | 'sampling', count: number, base: number) => ({
    phase, count,
    draws: Float64Array.from({ length: count * P }, (_, i) => base + i),
    stats: new Float64Array(count * 7),
  });
  s.append(1, batch('warmup', 2, 1000));
  s.append(1, batch('sampling', 3, 100));
  s.append(2, batch('warmup', 2, 2000));
  s.append(2, batch('sampling', 2, 200)); // chain 2 is shorter: both are cut to 2 draws
  return s;
}

describe('pooledColumns', () => {
  it('copies only the named columns, in the order asked, from every usable chain', () => {
    const s = store();
    const all = pooledDraws(s);
    const names = notGroupCoefficients(NAMES);
    expect(names).toEqual(['b_Intercept', 'sd_g__Intercept', 'sigma']);
    const got = pooledColumns(s, [...names, 'not_a_parameter']);
    expect(got.names).toEqual(names);
    expect(got.n).toBe(all.n);
    const want: number[] = [];
    for (let r = 0; r < all.n; r++) for (const name of names) want.push(all.rows[r * P + NAMES.indexOf(name)]);
    expect(Array.from(got.rows)).toEqual(want);
    expect(got.rows[got.rows.length - 1]).toBe(200 + P + 4); // chain 2's second draw, sigma
  });
});
