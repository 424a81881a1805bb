//! Parts of a period before an expression: "early", "mid-", "the end of", "earlier".

use super::context::longest;
use super::context::{Cand, Ctx};
use crate::roles;
use crate::words::PhraseKind;
use eventwire_model::TimexType;

impl<'a> Ctx<'a> {
    /// "early", "mid-", "the end of", "earlier" + a date.
    pub(super) fn edge(&self, i: usize) -> Option<Cand> {
        let (m, mut j, _) = self.phrase_kind(i, |k| matches!(k, PhraseKind::Edge(_)))?;
        if self.is(j, "-") {
            j += 1;
        }
        let c = longest(
            longest(self.year_expr(j), self.month_date(j)),
            longest(self.phrase(j), self.deictic_expr(j)),
        );
        let c =
            longest(c, longest(self.weekday_expr(j), longest(self.season_expr(j), self.quarter_expr(j))))?;
        if !matches!(c.ty, TimexType::Date | TimexType::Time) || c.value.ends_with("_REF") {
            return None;
        }
        // "earlier"/"later" only before a deictic ("earlier this week", "later today"); the
        // modifier says which part of that period.
        if self.role(i, roles::NEAR_EDGE) && !self.role(j, roles::NEAR) && self.weekday(j).is_none() {
            return None;
        }
        Some(Cand { start: i, ..c.with_mod(&m) })
    }
}
