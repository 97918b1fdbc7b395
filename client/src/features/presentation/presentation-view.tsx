/**
 * Presentation mode for a projector: the whole screen (Fullscreen API; Esc leaves), a thin bar
 * (organisation, current theme, stage, who presents), the seed's four texts in large type, read
 * only. PageDown / PageUp / Space / arrows scroll, T / Maj+T jump theme to theme. Empty fields are
 * left blank; a theme not retained says "Non retenu" and why. The row at the top of the screen is
 * published, so those who follow the presenter see the same position.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { domainNumbers, type CycleModel } from '@pilotis/shared';
import { useI18n } from '../../i18n/i18n.tsx';
import { presentationKey, themeTarget } from './presentation-keys.ts';
import './presentation.css';

/** Height of the sticky column titles, which cover the top of the scrolled content. */
function headerHeight(container: HTMLElement): number {
  return container.querySelector<HTMLElement>('.presentation-columns')?.offsetHeight ?? 0;
}

/** Pixels an arrow key scrolls. */
const LINE_STEP = 64;

export function PresentationView({
  model,
  presenter,
  onExit,
  onViewRowChange,
}: {
  model: CycleModel;
  /** Name of the person presenting (shown in the bar). */
  presenter: string;
  onExit(): void;
  onViewRowChange(rowId: string | null): void;
}) {
  const { t } = useI18n();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [currentTheme, setCurrentTheme] = useState(model.themes[0]?.id ?? '');
  const numbers = useMemo(() => domainNumbers(model.themes, model.domains), [model]);

  // Fullscreen while presenting; leaving fullscreen (Esc, F11) leaves the presentation.
  useEffect(() => {
    const root = document.documentElement;
    let entered = false;
    if (root.requestFullscreen && !document.fullscreenElement) {
      root.requestFullscreen().then(
        () => {
          entered = true;
        },
        () => {
          // Refused (no user gesture, a kiosk): the view still fills the window.
        },
      );
    }
    const handleChange = () => {
      if (entered && !document.fullscreenElement) onExit();
    };
    document.addEventListener('fullscreenchange', handleChange);
    return () => {
      document.removeEventListener('fullscreenchange', handleChange);
      if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    };
  }, [onExit]);

  useLayoutEffect(() => scrollRef.current?.focus({ preventScroll: true }), []);

  /** The theme and row at the top of the screen: the bar's theme, and what followers see. */
  const updatePosition = useCallback(() => {
    const container = scrollRef.current;
    if (!container) return;
    const top = container.getBoundingClientRect().top + headerHeight(container);
    let theme = '';
    for (const element of container.querySelectorAll<HTMLElement>('[data-theme-id]')) {
      if (element.getBoundingClientRect().top - top <= 4) theme = element.dataset.themeId ?? '';
    }
    if (theme) setCurrentTheme(theme);
    const rows = container.querySelectorAll<HTMLElement>('[data-row-id]');
    const first = [...rows].find((row) => row.getBoundingClientRect().bottom > top + 4);
    onViewRowChange(first?.dataset.rowId ?? null);
  }, [onViewRowChange]);

  useEffect(() => {
    const container = scrollRef.current;
    if (!container) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const handleScroll = () => {
      clearTimeout(timer);
      timer = setTimeout(updatePosition, 100);
    };
    updatePosition();
    container.addEventListener('scroll', handleScroll, { passive: true });
    return () => {
      clearTimeout(timer);
      container.removeEventListener('scroll', handleScroll);
    };
  }, [updatePosition]);

  const handleKeyDown = (event: React.KeyboardEvent) => {
    const container = scrollRef.current;
    const command = presentationKey(event);
    if (!command || !container) return;
    event.preventDefault();
    switch (command.type) {
      case 'scroll':
        // A page minus a little, so the last line read stays in sight.
        container.scrollBy({ top: command.pages * container.clientHeight * 0.9 });
        return;
      case 'scrollLines':
        container.scrollBy({ top: command.lines * LINE_STEP });
        return;
      case 'edge':
        container.scrollTo({ top: command.to === 'start' ? 0 : container.scrollHeight });
        return;
      case 'theme': {
        // Positions in the scrolled content, whatever the offset parent: from the bounding boxes.
        const origin =
          container.getBoundingClientRect().top - container.scrollTop + headerHeight(container);
        const blocks = [...container.querySelectorAll<HTMLElement>('[data-theme-id]')];
        const tops = blocks.map((element) =>
          Math.round(element.getBoundingClientRect().top - origin),
        );
        const to = themeTarget(tops, container.scrollTop, command.delta);
        if (to === null) return;
        container.scrollTo({ top: to });
        const reached = blocks[tops.indexOf(to)]?.dataset.themeId;
        if (reached) setCurrentTheme(reached);
        return;
      }
      case 'exit':
        onExit();
    }
  };

  const theme = model.themes.find((item) => item.id === currentTheme);

  return (
    <div className="presentation" role="region" aria-label={t('present.title')}>
      <header className="presentation-bar">
        <span className="presentation-org">{model.meta.organisationName}</span>
        <span className="presentation-theme" aria-live="polite">
          {theme ? t('present.themeOf', { number: theme.number, title: theme.title }) : ''}
        </span>
        <span className="presentation-stage">{t(`stage.${model.meta.stage}`)}</span>
        <span className="presentation-who">{t('present.by', { name: presenter })}</span>
        <button
          type="button"
          className="presentation-exit"
          onClick={onExit}
          title={t('present.help')}
        >
          {t('present.exit')}
        </button>
      </header>
      <div
        ref={scrollRef}
        className="presentation-body"
        tabIndex={0}
        aria-label={t('present.content')}
        onKeyDown={handleKeyDown}
      >
        <div className="presentation-columns" aria-hidden="true">
          <span>{t('grid.label')}</span>
          <span>{t('grid.baseline')}</span>
          <span>{t('grid.target1y')}</span>
          <span>{t('grid.target3y')}</span>
        </div>
        {model.themes.map((item) => {
          const domains = model.domains.filter((domain) => domain.themeId === item.id);
          return (
            <section
              key={item.id}
              className={`presentation-theme-block${item.retained ? '' : ' dropped'}`}
              data-theme-id={item.id}
              aria-labelledby={`present-theme-${item.id}`}
            >
              <h2 id={`present-theme-${item.id}`}>
                {t('cycle.themeNumber', { number: item.number })} {item.title}
                {!item.retained && <span className="not-retained">{t('present.notRetained')}</span>}
              </h2>
              {!item.retained ? (
                item.notRetainedReason.trim() && (
                  <p className="presentation-reason">{item.notRetainedReason}</p>
                )
              ) : (
                <>
                  {(item.goodPractices.trim() || item.improvements.trim()) && (
                    <div className="presentation-practices">
                      {item.goodPractices.trim() && (
                        <p>
                          <strong>{t('present.goodPractices')}</strong> {item.goodPractices}
                        </p>
                      )}
                      {item.improvements.trim() && (
                        <p>
                          <strong>{t('present.improvements')}</strong> {item.improvements}
                        </p>
                      )}
                    </div>
                  )}
                  {domains.map((domain) => (
                    <div key={domain.id} className="presentation-domain">
                      <h3>
                        {numbers.get(domain.id)} {domain.title}
                      </h3>
                      {model.rows
                        .filter((row) => row.domainId === domain.id)
                        .map((row) => (
                          <div key={row.id} className="presentation-row" data-row-id={row.id}>
                            <p>{row.label}</p>
                            <p>{row.baseline}</p>
                            <p>{row.target1y}</p>
                            <p>{row.target3y}</p>
                          </div>
                        ))}
                    </div>
                  ))}
                </>
              )}
            </section>
          );
        })}
      </div>
    </div>
  );
}
