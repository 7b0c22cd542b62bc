import type { ComponentChildren } from 'preact';

export interface TabDef {
  id: string;
  label: string;
}

/** ARIA tabs: arrow keys move between tabs, like the DevTools tab strip. */
export function Tabs(props: { tabs: TabDef[]; current: string; onSelect: (id: string) => void; label: string }) {
  const { tabs, current, onSelect } = props;
  const onKey = (e: KeyboardEvent) => {
    const i = tabs.findIndex((t) => t.id === current);
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    if (next < 0) return;
    e.preventDefault();
    const tab = tabs[next]!;
    onSelect(tab.id);
    (e.currentTarget as HTMLElement).querySelector<HTMLElement>(`#tab-${tab.id}`)?.focus();
  };
  return (
    <div class="tabs" role="tablist" aria-label={props.label} onKeyDown={onKey}>
      {tabs.map((t) => (
        <button
          key={t.id}
          id={`tab-${t.id}`}
          role="tab"
          type="button"
          aria-selected={t.id === current}
          aria-controls={`panel-${t.id}`}
          tabIndex={t.id === current ? 0 : -1}
          onClick={() => onSelect(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

export function TabPanel(props: { id: string; label: string; children: ComponentChildren }) {
  return (
    <section class="tabpanel" id={`panel-${props.id}`} role="tabpanel" aria-labelledby={`tab-${props.id}`} aria-label={props.label}>
      {props.children}
    </section>
  );
}
