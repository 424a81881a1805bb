//! Sets: recurring times ("every day", "each year", "Tuesdays").

use super::context::{Cand, Ctx};
use crate::roles;
use eventwire_model::TimexType;

impl<'a> Ctx<'a> {
    /// "every day", "each year", "every Monday", "Tuesdays", "each July".
    pub(super) fn set_expr(&self, i: usize) -> Option<Cand> {
        if let Some(wd) = self.weekdays(i).filter(|_| self.cap(i)) {
            let mut c = Cand::new(i, i + 1, TimexType::Set, format!("XXXX-WXX-{wd}"));
            if let Some(p) = self.part_of_day(i + 1) {
                c.value.push_str(&format!("T{p}"));
                c.end += 1;
            }
            return Some(c);
        }
        if !self.role(i, roles::EVERY) {
            return None;
        }
        let j = i + 1;
        if let Some(wd) = self.weekday(j).filter(|_| self.cap(j)) {
            return Some(Cand::new(i, j + 1, TimexType::Set, format!("XXXX-WXX-{wd}")));
        }
        if let Some(m) = self.month(j).filter(|_| self.cap(j)) {
            return Some(Cand::new(i, j + 1, TimexType::Set, format!("XXXX-{m:02}")));
        }
        if let Some((n, k)) = self.count(j).filter(|_| !matches!(self.w(j), "a" | "an")) {
            if let Some((u, _)) = self.unit(k) {
                return Some(Cand::new(i, k + 1, TimexType::Set, u.duration(n)));
            }
        }
        let (u, _) = self.unit(j)?;
        Some(Cand::new(i, j + 1, TimexType::Set, u.duration(Some(1.0))))
    }
}
