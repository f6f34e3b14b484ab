import { useEffect, useRef, useState } from 'preact/hooks';

interface ActionsMenuProps {
  disabled: boolean;
  onCaptionAndEnrich: () => void;
}

/** "Actions ▾" → Caption & Enrich. Arrow keys are not needed for one item; Escape and outside clicks close it. */
export function ActionsMenu({ disabled, onCaptionAndEnrich }: ActionsMenuProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const firstItem = useRef<HTMLButtonElement>(null);
  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key === 'Escape') setOpen(false);
  };
  useEffect(() => {
    if (!open) return;
    firstItem.current?.focus();
    const onClick = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, [open]);
  return (
    <div class="menu" ref={root}>
      <button
        type="button"
        class="button"
        onKeyDown={closeOnEscape}
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={disabled}
        onClick={() => setOpen(!open)}
      >
        Actions <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div class="menu-list" role="menu" onKeyDown={closeOnEscape}>
          <button
            ref={firstItem}
            type="button"
            role="menuitem"
            class="menu-item"
            onClick={() => {
              setOpen(false);
              onCaptionAndEnrich();
            }}
          >
            {'Caption & Enrich'}
          </button>
        </div>
      )}
    </div>
  );
}
