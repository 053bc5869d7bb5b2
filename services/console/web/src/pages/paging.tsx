import { Button, Space } from 'antd';
import { useState } from 'react';
import { useI18n } from '../i18n';

/** Keyset paging: the cursors of the pages seen so far, so a person can go forward and back. */
export function useCursorPages(resetKey: string): { cursor?: string; page: number; next: (cursor: string) => void; back: () => void } {
  const [state, setState] = useState<{ key: string; stack: (string | undefined)[] }>({ key: resetKey, stack: [undefined] });
  const stack = state.key === resetKey ? state.stack : [undefined];
  return {
    cursor: stack[stack.length - 1],
    page: stack.length,
    next: (cursor) => setState({ key: resetKey, stack: [...stack, cursor] }),
    back: () => setState({ key: resetKey, stack: stack.length > 1 ? stack.slice(0, -1) : stack }),
  };
}

export function Pager({ page, nextCursor, onNext, onBack }: { page: number; nextCursor?: string | number; onNext: (cursor: string) => void; onBack: () => void }) {
  const { t } = useI18n();
  return (
    <Space style={{ marginTop: 12 }} aria-label={t('分页', 'Pages')}>
      <Button onClick={onBack} disabled={page <= 1}>
        {t('上一页', 'Previous')}
      </Button>
      <span>{t(`第 ${page} 页`, `Page ${page}`)}</span>
      <Button onClick={() => nextCursor !== undefined && onNext(String(nextCursor))} disabled={nextCursor === undefined}>
        {t('下一页', 'Next')}
      </Button>
    </Space>
  );
}
