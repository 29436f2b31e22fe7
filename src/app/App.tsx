// Layout: a top bar, then two areas side by side: data (left) and model / results (right).
import { TopBar } from './components/TopBar';
import { DataPanel } from './panels/DataPanel';
import { ModelArea } from './panels/ModelArea';
import { AppStateProvider } from './state/AppState';

export function App() {
  return (
    <AppStateProvider>
      <div className="app">
        <TopBar />
        <main className="workspace">
          <section className="area area-data" aria-label="Data area">
            <DataPanel />
          </section>
          <section className="area area-model" aria-label="Model area">
            <ModelArea />
          </section>
        </main>
      </div>
    </AppStateProvider>
  );
}
