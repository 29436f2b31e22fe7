// The model / results area: the live analysis workspace (src/app/workspace/).
import { Workspace } from '../workspace/Workspace';

export function ModelArea() {
  return (
    <div className="panel model-panel ws-panel">
      <div className="panel-head">
        <h2 className="panel-title">Model and results</h2>
      </div>
      <Workspace />
    </div>
  );
}
