import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

export interface Column<Row> {
  readonly title: string;
  /** What the column sorts by (numbers numerically); absent: the column does not sort. */
  readonly sort?: (row: Row) => string | number;
  readonly cell: (row: Row) => ComponentChildren;
  readonly numeric?: boolean;
  readonly actions?: boolean;
}

interface SortState {
  readonly column: number;
  readonly descending: boolean;
}

// Per table name: kept outside the component so a panel's re-render (every poll) keeps the order.
const remembered = new Map<string, SortState>();

function compare(x: string | number, y: string | number): number {
  return typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
}

/** A table whose headings sort it (click again: the other way); the order survives refreshes. */
export function Table<Row>(props: { readonly name: string; readonly columns: readonly Column<Row>[]; readonly rows: readonly Row[]; readonly rowKey: (row: Row) => string; readonly rowAttrs?: (row: Row) => Record<string, string>; readonly empty: string }) {
  const [state, setState] = useState<SortState | undefined>(remembered.get(props.name));
  if (props.rows.length === 0) return <p class="muted">{props.empty}</p>;
  const sorter = state === undefined ? undefined : props.columns[state.column]?.sort;
  const rows =
    state === undefined || sorter === undefined
      ? props.rows
      : [...props.rows].sort((a, b) => (state.descending ? -1 : 1) * compare(sorter(a), sorter(b)));
  const resort = (column: number): void => {
    const next = { column, descending: state?.column === column ? !state.descending : false };
    remembered.set(props.name, next);
    setState(next);
  };
  return (
    <table data-table={props.name}>
      <thead>
        <tr>
          {props.columns.map((column, index) => (
            <th key={column.title || index} scope="col" aria-sort={state?.column === index ? (state.descending ? 'descending' : 'ascending') : undefined}>
              {column.sort === undefined ? (
                column.title
              ) : (
                <button type="button" class="sort" onClick={() => resort(index)}>
                  {column.title}
                </button>
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={props.rowKey(row)} {...(props.rowAttrs?.(row) ?? {})}>
            {props.columns.map((column, index) => (
              <td key={index} class={column.actions === true ? 'actions' : column.numeric === true ? 'num' : undefined}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
