//! One page of merged events in an order, from an offset or after a cursor (keyset paging).
//!
//! Every order is a tuple of non-null integer columns ending on the id (schema migration 10
//! adds the generated columns that put undated events last), so the page after a cursor is
//! "the rows whose tuple comes after the cursor's": a range of the order's index, however deep
//! the page. The conflict record has one partial index per order that also holds the columns
//! the common filters test (type, date, position, toll, sources), so that a filter matching a
//! good share of the events is checked in the index while it is read in order.

use crate::browse::{EventOrder, EventQuery};
use crate::{EventScope, Fused, MergedEvent, Result, Store};
use rusqlite::params_from_iter;
use rusqlite::types::Value;
use std::fmt;

/// Below this many matching events a page sorts the matches (read through the filter's own
/// index); from it on, the order's index is read in order and the filter checked as it goes:
/// a page then reads about `limit × events / matches` index entries, never the whole match.
const SORT_AT_MOST: u64 = 5_000;

/// Where a page of [`Store::browse_page`] starts, and how long it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paging {
    pub order: EventOrder,
    pub limit: usize,
    /// Matches skipped (after the cursor, when there is one).
    pub offset: usize,
    /// The page starts after this event (a previous page's [`EventPage::next`]).
    pub after: Option<PageCursor>,
    /// How many events match the query, when the caller knows (a remembered count): it
    /// chooses between sorting the matches and reading the order's index.
    pub matching: Option<u64>,
}

/// A page and the cursor of the page after it (none when this page was not full).
#[derive(Debug, Clone, PartialEq)]
pub struct EventPage {
    pub events: Vec<MergedEvent>,
    pub next: Option<PageCursor>,
}

/// The sort key and id of the last event of a page, in one order. Written as the order's name
/// and the key's integers separated by dots (`newest.17600.5321`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageCursor {
    order: EventOrder,
    keys: Vec<i64>,
}

impl PageCursor {
    /// A cursor written by [`fmt::Display`], for `order`; None when it is malformed or is of
    /// another order.
    pub fn parse(order: EventOrder, s: &str) -> Option<Self> {
        let mut parts = s.split('.');
        if parts.next()? != order.name() {
            return None;
        }
        let keys = parts.map(|p| p.parse::<i64>().ok()).collect::<Option<Vec<_>>>()?;
        Self::new(order, keys)
    }

    /// The cursor after a row whose [`EventOrder::key_columns`] hold `keys`; None when the
    /// count of keys is not the order's.
    pub fn new(order: EventOrder, keys: Vec<i64>) -> Option<Self> {
        (keys.len() == order.key_columns().len()).then_some(PageCursor { order, keys })
    }

    /// The order the cursor pages in.
    pub fn order(&self) -> EventOrder {
        self.order
    }

    /// The sort key and id of the row the next page starts after.
    pub fn keys(&self) -> &[i64] {
        &self.keys
    }
}

impl fmt::Display for PageCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.order.name())?;
        for k in &self.keys {
            write!(f, ".{k}")?;
        }
        Ok(())
    }
}

impl EventOrder {
    /// The name a cursor carries (as the API's `sort`).
    pub fn name(self) -> &'static str {
        match self {
            EventOrder::Oldest => "oldest",
            EventOrder::Newest => "newest",
            EventOrder::Fatalities => "fatalities",
            EventOrder::Sources => "sources",
        }
    }

    /// The order's columns, all non-null, ending on the id; all ascending or all descending.
    /// Both stores name them alike (the day columns put undated events last).
    pub fn key_columns(self) -> &'static [&'static str] {
        match self {
            EventOrder::Oldest => &["m.day_sort_oldest", "m.id"],
            EventOrder::Newest => &["m.day_sort_newest", "m.id"],
            EventOrder::Fatalities => &["m.fatalities", "m.day_sort_newest", "m.id"],
            EventOrder::Sources => &["m.n_independent", "m.n_sources", "m.day_sort_newest", "m.id"],
        }
    }

    /// True when the order reads its key columns from the largest down.
    pub fn descending(self) -> bool {
        self != EventOrder::Oldest
    }

    /// `ORDER BY` of the key columns (both stores name them alike).
    pub fn sql(self) -> String {
        let dir = if self.descending() { " DESC" } else { "" };
        self.key_columns().iter().map(|c| format!("{c}{dir}")).collect::<Vec<_>>().join(", ")
    }

    /// The conflict record's partial index read in this order (schema migration 10).
    fn index(self) -> &'static str {
        match self {
            EventOrder::Oldest => "merged_page_oldest",
            EventOrder::Newest => "merged_page_newest",
            EventOrder::Fatalities => "merged_page_fatalities",
            EventOrder::Sources => "merged_page_sources",
        }
    }

    /// The day column of the key, when the key starts with it.
    fn leading_day(self) -> Option<&'static str> {
        match self {
            EventOrder::Oldest => Some("m.day_sort_oldest"),
            EventOrder::Newest => Some("m.day_sort_newest"),
            EventOrder::Fatalities | EventOrder::Sources => None,
        }
    }
}

impl Store {
    /// Merged events matching `q`, one page of `paging`, without their sources.
    pub fn browse_page(&self, q: &EventQuery, paging: &Paging) -> Result<EventPage> {
        let order = paging.order;
        let (sql, params) = self.page_query(q, paging)?;
        let width = order.key_columns().len();
        let keys: Vec<Vec<i64>> = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(params.iter()), |r| (0..width).map(|i| r.get(i)).collect())?
            .collect::<rusqlite::Result<_>>()?;
        let mut read = self.conn.prepare_cached("SELECT fused FROM merged WHERE id = ?1")?;
        let mut events = Vec::with_capacity(keys.len());
        for k in &keys {
            let id = k[width - 1];
            let fused: Fused = read.query_row([id], |r| Ok(self.fused_of(id, r.get_ref(0)?)))??;
            events.push(MergedEvent { id, fused, sources: Vec::new() });
        }
        let full = paging.limit > 0 && keys.len() == paging.limit;
        let next = keys.into_iter().last().filter(|_| full).map(|keys| PageCursor { order, keys });
        Ok(EventPage { events, next })
    }

    /// The SQL that reads the keys of a page of [`Store::browse_page`], and its parameters.
    pub(crate) fn page_query(&self, q: &EventQuery, paging: &Paging) -> Result<(String, Vec<Value>)> {
        let order = paging.order;
        let mut w = self.browse_where(q)?;
        if let Some(day) = order.leading_day() {
            // The date range restated on the order's own day column: a range of its index.
            let (from, to) = (q.from.as_deref(), q.to.as_deref());
            if let Some(s) = from.filter(|_| q.range_by_start).and_then(eventwire_fuse::dates::interval) {
                w.push(&format!("{day} >= ?"), [Value::Integer(s.0)]);
            }
            if let Some(e) = to.and_then(eventwire_fuse::dates::interval) {
                w.push(&format!("{day} <= ?"), [Value::Integer(e.1)]);
            }
        }
        if let Some(c) = paging.after.as_ref().filter(|c| c.order == order) {
            let cols = order.key_columns().join(", ");
            let marks = vec!["?"; c.keys.len()].join(", ");
            let cmp = if order.descending() { "<" } else { ">" };
            w.push(&format!("({cols}) {cmp} ({marks})"), c.keys.iter().map(|k| Value::Integer(*k)));
        }
        let in_order = q.scope == EventScope::Conflict && paging.matching.is_some_and(|n| n > SORT_AT_MOST);
        let indexed =
            if in_order { format!("INDEXED BY {}", order.index()) } else { q.range_index().to_string() };
        let n = w.params.len();
        w.params.push(Value::Integer(i64::try_from(paging.limit).unwrap_or(i64::MAX)));
        w.params.push(Value::Integer(i64::try_from(paging.offset).unwrap_or(i64::MAX)));
        // Paging bound as parameters: one prepared statement serves every page. The keys are
        // read first (from an index, or sorting narrow rows), then the page's rows.
        let sql = format!(
            "SELECT {} FROM merged m {indexed} {} ORDER BY {} LIMIT ?{} OFFSET ?{}",
            order.key_columns().join(", "),
            w.clause(),
            order.sql(),
            n + 1,
            n + 2,
        );
        Ok((sql, w.params))
    }
}
