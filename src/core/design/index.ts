export { buildDesign, type Design } from './buildDesign';
export type { DesignGroup } from './groupTerms';
export { compareR, sortedLevelsR } from './collate';
export { medianR, madR, roundR } from './rStats';
export { brmsRename, brmsLevelName } from './brmsNames';
export { closestName, editDistance } from './suggest';
export { dependentColumns } from './rank';
