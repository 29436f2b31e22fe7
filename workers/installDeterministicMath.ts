// Side-effect module: imported FIRST by the chain shells, so Math is replaced before any engine
// module is evaluated (some cache Math.log & co. at load time). See deterministicMath.ts.
import { installDeterministicMath } from './deterministicMath';

installDeterministicMath();
