// The list filters live in the URL query, so a filtered view can be bookmarked, shared and navigated back to.
import { useCallback, useMemo } from 'react';
import { useRouter } from '../../app/router.tsx';
import { filtersFromQuery, filtersToQuery, type AppFilters } from '../../lib/filters.ts';

export function useUrlFilters(): [AppFilters, (patch: Partial<AppFilters>) => void] {
  const { loc, navigate } = useRouter();
  const filters = useMemo(() => filtersFromQuery(loc.search), [loc.search]);
  const update = useCallback(
    (patch: Partial<AppFilters>) => {
      // Replace, not push: typing in the search box must not fill the Back button's history.
      navigate(`${loc.pathname}${filtersToQuery({ ...filters, ...patch })}`, { replace: true });
    },
    [filters, loc.pathname, navigate],
  );
  return [filters, update];
}
