// Accessible tabs (WAI-ARIA tabs pattern): arrow keys move between tabs.
import { useId, type KeyboardEvent, type ReactNode } from 'react';

export interface TabItem {
  id: string;
  label: ReactNode;
}

export function Tabs({ items, selected, onSelect, label, children }: {
  items: TabItem[];
  selected: string;
  onSelect: (id: string) => void;
  label: string;
  children: ReactNode;
}) {
  const base = useId();
  const onKey = (e: KeyboardEvent) => {
    const i = items.findIndex((t) => t.id === selected);
    if (e.key === 'ArrowRight') onSelect(items[(i + 1) % items.length].id);
    else if (e.key === 'ArrowLeft') onSelect(items[(i - 1 + items.length) % items.length].id);
  };
  return (
    <div className="tabs">
      <div className="tab-list" role="tablist" aria-label={label} onKeyDown={onKey}>
        {items.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`${base}-${t.id}`}
            aria-selected={t.id === selected}
            aria-controls={`${base}-panel`}
            tabIndex={t.id === selected ? 0 : -1}
            className="tab"
            onClick={() => onSelect(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-${selected}`}>
        {children}
      </div>
    </div>
  );
}
