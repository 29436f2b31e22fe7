export function TopBar() {
  return (
    <header className="topbar">
      <div className="brand">
        <svg className="brand-mark" viewBox="0 0 24 24" aria-hidden="true">
          <circle cx="12" cy="5" r="2.6" />
          <circle cx="5.5" cy="17.5" r="2.6" />
          <circle cx="12" cy="17.5" r="2.6" />
          <circle cx="18.5" cy="17.5" r="2.6" />
          <path d="M12 7.6v7.3M10.4 7.2 6.7 15.2M13.6 7.2l3.7 8" />
        </svg>
        <h1 className="brand-name">Multilevel Studio</h1>
        <span className="brand-tagline">Bayesian multilevel models with NUTS</span>
      </div>
      <div className="topbar-note" title="Your data is parsed and modelled in this browser tab. The page makes no network requests after it loads.">
        Runs locally · data never leaves this computer
      </div>
    </header>
  );
}
