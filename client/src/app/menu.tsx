/**
 * A menu button's popup, rendered in a portal above everything (so no grid row paints over it and
 * opening it never scrolls its container), placed under its button — or above it when there is no
 * room below. Keyboard: ↑/↓/Home/End move between items, Esc and Tab close it and give the focus
 * back to the button; a click elsewhere closes it too.
 */
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import { createPortal } from 'react-dom';
import './room.css';

const ITEM = '[role="menuitem"]:not(:disabled), [role="menuitemcheckbox"]:not(:disabled)';
const GAP = 4;

export interface MenuPopupProps {
  /** The button that opened the menu: the menu is placed against it and gives the focus back to it. */
  anchor: RefObject<HTMLElement | null>;
  /** Accessible name of the menu (usually the button's). */
  label: string;
  /** Close the menu; `returnFocus`: put the focus back on the button (Esc, Tab, an item chosen). */
  onClose(returnFocus: boolean): void;
  /** 'end' (default) aligns the menu's right edge with the button's, 'start' its left edge. */
  align?: 'start' | 'end';
  className?: string;
  /** Where the focus goes back on close, when not to the button itself (a grid cell, say). */
  restoreFocus?(): void;
  children: ReactNode;
}

/** Focus the item `delta` steps from the focused one (wrapping), or the first / last. */
function moveFocus(menu: HTMLElement, to: 'next' | 'previous' | 'first' | 'last') {
  const items = [...menu.querySelectorAll<HTMLElement>(ITEM)];
  if (items.length === 0) return;
  const at = items.indexOf(document.activeElement as HTMLElement);
  const index =
    to === 'first'
      ? 0
      : to === 'last'
        ? items.length - 1
        : (at + (to === 'next' ? 1 : -1) + items.length) % items.length;
  items[index]!.focus();
}

/** The popup of a menu button; render it only while the menu is open. */
export function MenuPopup({
  anchor,
  label,
  onClose,
  align = 'end',
  className,
  restoreFocus,
  children,
}: MenuPopupProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);

  const place = useCallback(() => {
    const button = anchor.current?.getBoundingClientRect();
    const menu = ref.current?.getBoundingClientRect();
    if (!button || !menu) return;
    const below = button.bottom + GAP;
    const top =
      below + menu.height > window.innerHeight && button.top - GAP - menu.height >= 0
        ? button.top - GAP - menu.height
        : below;
    const wanted = align === 'end' ? button.right - menu.width : button.left;
    const left = Math.max(GAP, Math.min(wanted, window.innerWidth - menu.width - GAP));
    setPosition({ top, left });
  }, [anchor, align]);

  useLayoutEffect(place, [place]);
  // The first item gets the focus once placed and visible (a hidden element cannot take it, and
  // focusing before placing could scroll the page).
  const placed = position !== null;
  useEffect(() => {
    if (placed && ref.current) moveFocus(ref.current, 'first');
  }, [placed]);

  useEffect(() => {
    const handlePointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (ref.current?.contains(target) || anchor.current?.contains(target)) return;
      onClose(false);
    };
    // The grid scrolls under a fixed menu: follow the button, and close once it is out of sight.
    const handleScroll = () => {
      const button = anchor.current?.getBoundingClientRect();
      if (!button || button.bottom < 0 || button.top > window.innerHeight) onClose(false);
      else place();
    };
    document.addEventListener('pointerdown', handlePointer, true);
    window.addEventListener('scroll', handleScroll, true);
    window.addEventListener('resize', place);
    return () => {
      document.removeEventListener('pointerdown', handlePointer, true);
      window.removeEventListener('scroll', handleScroll, true);
      window.removeEventListener('resize', place);
    };
  }, [anchor, onClose, place]);

  const giveFocusBack = () => (restoreFocus ? restoreFocus() : anchor.current?.focus());
  const close = (returnFocus: boolean) => {
    onClose(returnFocus);
    if (returnFocus) giveFocusBack();
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const menu = ref.current;
    if (!menu) return;
    const moves: Record<string, 'next' | 'previous' | 'first' | 'last'> = {
      ArrowDown: 'next',
      ArrowUp: 'previous',
      Home: 'first',
      End: 'last',
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      event.stopPropagation();
      moveFocus(menu, move);
    } else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      event.stopPropagation();
      close(true);
    } else {
      // Keys must not reach the grid behind (React events bubble through portals).
      event.stopPropagation();
    }
  };

  // A chosen item closes the menu; the focus goes back to the button unless the action moved it.
  const handleClick = (event: React.MouseEvent) => {
    event.stopPropagation();
    const item = (event.target as Element).closest(ITEM);
    // A checkbox item (columns shown, say) toggles and leaves the menu open for the next one.
    if (!item || item.getAttribute('role') === 'menuitemcheckbox') return;
    onClose(false);
    requestAnimationFrame(() => {
      const focused = document.activeElement;
      if ((!focused || focused === document.body) && anchor.current?.isConnected) giveFocusBack();
    });
  };

  return createPortal(
    <div
      ref={ref}
      role="menu"
      aria-label={label}
      className={`menu menu-portal${className ? ` ${className}` : ''}`}
      style={position ?? { visibility: 'hidden', top: 0, left: 0 }}
      onKeyDown={handleKeyDown}
      onClick={handleClick}
      onFocus={(event) => event.stopPropagation()}
    >
      {children}
    </div>,
    document.body,
  );
}
