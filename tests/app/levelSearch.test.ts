import { describe, expect, it } from 'vitest';
import { levelOf, matchingLevels } from '../../src/app/workspace/LevelSearch';

describe('LevelSearch: the group levels offered for what was typed', () => {
  const levels = Array.from({ length: 3000 }, (_, i) => `s${i + 1}`);
  it('matchingLevels puts levels starting with the text first and stops at the limit', () => {
    expect(matchingLevels(levels, '')).toHaveLength(40);
    expect(matchingLevels(levels, 's29', 5)).toEqual(['s29', 's290', 's291', 's292', 's293']);
    expect(matchingLevels(['308', 'A308', 'x'], '308')).toEqual(['308', 'A308']);
    expect(matchingLevels(levels, 'zz')).toEqual([]);
  });
  it('levelOf takes an exact level, or the only case-insensitive match, else null', () => {
    expect(levelOf(['Alpha', 'beta'], 'Alpha')).toBe('Alpha');
    expect(levelOf(['Alpha', 'beta'], ' alpha ')).toBe('Alpha');
    expect(levelOf(['Ab', 'AB'], 'ab')).toBeNull();
    expect(levelOf(['Ab'], 'A')).toBeNull();
  });
});
