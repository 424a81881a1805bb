//! Tagging: the actor mentions of a text, with light coreference.

use super::{scan, Lexicon, Mention, Pat, TagContext};
use crate::vocab::lowered;
use eventwire_model::ActorKind;

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

impl Lexicon {
    /// The non-overlapping leftmost-longest matches of the patterns in `text`, as
    /// (pattern, start, end): what `AhoCorasick::find_iter` reports, from a tight loop over the
    /// DFA's transitions.
    fn matches<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (usize, usize, usize)> + 't {
        scan::dfa_matches(&self.dfa, text.as_bytes())
    }

    /// Country codes named in `text` by name or demonym, in order (for the article's main country).
    pub fn countries_named(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (pid, ms, me) in self.matches(text) {
            let (pat, cs) = self.pats[pid];
            if let Pat::Country(ci) = pat {
                if self.accept(text, ms, me, cs) {
                    out.push(self.countries[ci].code.clone());
                }
            }
        }
        out
    }

    fn accept(&self, text: &str, s: usize, e: usize, case_sensitive: bool) -> bool {
        if case_sensitive && !text.is_char_boundary(e) {
            return false;
        }
        let before = text[..s].chars().next_back();
        let after = text[e..].chars().next();
        if before.is_some_and(|c| is_word_char(c) || c == '-') {
            return false;
        }
        if after.is_some_and(is_word_char) {
            return false;
        }
        if case_sensitive {
            // The automaton folds case; acronyms must match exactly.
            return self.ac_pattern_matches_exactly(text, s, e);
        }
        true
    }

    fn ac_pattern_matches_exactly(&self, text: &str, s: usize, e: usize) -> bool {
        // Re-run the automaton anchored on the slice; cheap because the slice is short.
        let slice = &text[s..e];
        slice.chars().any(char::is_uppercase) && !slice.chars().any(char::is_lowercase)
    }

    /// Longest noun from `nouns` that starts at `pos` (after spaces), with its end.
    fn noun_at(text: &str, pos: usize, nouns: &[String]) -> Option<usize> {
        let rest = &text[pos..];
        let trimmed = rest.trim_start_matches([' ', '\u{a0}']);
        let off = pos + (rest.len() - trimmed.len());
        if off == pos && pos > 0 && !text[..pos].ends_with([' ', '\u{a0}']) {
            return None;
        }
        // The first byte as `eq_ignore_ascii_case` compares it: most nouns fail there.
        let t0 = trimmed.as_bytes().first().map(u8::to_ascii_lowercase);
        for n in nouns {
            if n.as_bytes().first().is_some_and(|b| Some(b.to_ascii_lowercase()) != t0) {
                continue;
            }
            if trimmed.len() >= n.len()
                && trimmed.is_char_boundary(n.len())
                && trimmed[..n.len()].eq_ignore_ascii_case(n)
            {
                let end = off + n.len();
                if !text[end..].chars().next().is_some_and(is_word_char) {
                    return Some(end);
                }
            }
        }
        None
    }

    /// After a demonym ending at `e`: skip modifiers and find a force/civilian noun.
    /// Returns (end, which) with which 0 = military, 1 = police, 2 = civilians.
    fn force_after(&self, text: &str, e: usize) -> Option<(usize, u8)> {
        let mut pos = e;
        for _ in 0..4 {
            if let Some(end) = Self::noun_at(text, pos, &self.police_nouns) {
                return Some((end, 1));
            }
            if let Some(end) = Self::noun_at(text, pos, &self.military_nouns) {
                return Some((end, 0));
            }
            if let Some(end) = Self::noun_at(text, pos, &self.civilian_nouns) {
                return Some((end, 2));
            }
            // Skip one modifier word.
            let rest = &text[pos..];
            let trimmed = rest.trim_start_matches([' ', '\u{a0}']);
            let start = pos + (rest.len() - trimmed.len());
            let wlen = trimmed.find(|c: char| !(c.is_alphanumeric() || c == '-')).unwrap_or(trimmed.len());
            if wlen == 0 || start == pos {
                return None;
            }
            let mut buf = [0u8; 64];
            if !self.modifiers.contains(lowered(&trimmed[..wlen], &mut buf).as_ref()) {
                return None;
            }
            pos = start + wlen;
        }
        None
    }

    /// Tag the actor mentions of `text`, resolving light coreference.
    pub fn tag(&self, text: &str, ctx: &TagContext) -> Vec<Mention> {
        let mut out: Vec<Mention> = Vec::new();
        let mut covered = 0usize;
        for (pid, s, e) in self.matches(text) {
            if s < covered {
                continue;
            }
            let (pat, cs) = self.pats[pid];
            if !self.accept(text, s, e, cs) {
                continue;
            }
            // Every suffix starts with a hyphen: test that byte before the list.
            let sponsor = text.as_bytes().get(e) == Some(&b'-')
                && self.sponsor_suffixes.iter().any(|suf| {
                    text.len() >= e + suf.len()
                        && text.is_char_boundary(e + suf.len())
                        && text[e..e + suf.len()].eq_ignore_ascii_case(suf)
                });
            let mention = |end: usize, actor: usize| Mention {
                start: s,
                end,
                actor,
                coreference: false,
                generic: false,
            };
            let found: Option<Mention> = match pat {
                Pat::Named(i) => Some(mention(e, i)),
                Pat::Country(ci) if !sponsor => self.country_mention(text, ctx, ci, s, e),
                Pat::Country(_) => None,
                Pat::GroupDemonym(gi) if !sponsor => self.force_after(text, e).and_then(|(end, which)| {
                    (which != 2).then(|| {
                        let g = &self.groups[gi];
                        let actor = (ctx.country_at)(s)
                            .and_then(|cc| g.by_country.get(cc).copied())
                            .unwrap_or(g.default);
                        mention(end, actor)
                    })
                }),
                Pat::GroupDemonym(_) => None,
                Pat::Unqualified { police } => {
                    let country = (ctx.country_at)(s).and_then(|cc| self.country_by_code(cc));
                    let actor = match (country, police) {
                        (Some(c), false) => c.military,
                        (Some(c), true) => c.police,
                        (None, false) => self.unknown_military,
                        (None, true) => self.unknown_police,
                    };
                    Some(mention(e, actor))
                }
                Pat::Generic(gi) => Some(self.generic_mention(text, &out, gi, s, e)),
                Pat::Anaphor => self.anaphor_mention(text, &out, s, e),
            };
            if let Some(m) = found {
                covered = m.end;
                out.push(m);
            }
        }
        out
    }

    /// A country name or demonym at `[s, e)`: its forces ("Iraqi troops", "Syria's army"), its
    /// civilians, or the country itself as an agent before a verb ("Iraq captured").
    fn country_mention(
        &self,
        text: &str,
        ctx: &TagContext,
        ci: usize,
        s: usize,
        e: usize,
    ) -> Option<Mention> {
        let c = &self.countries[ci];
        let mention =
            |end: usize, actor: usize| Mention { start: s, end, actor, coreference: false, generic: false };
        let mut after = e;
        let poss = ["'s", "\u{2019}s"].iter().find(|p| text[e..].starts_with(**p));
        if let Some(p) = poss {
            after = e + p.len();
        }
        match self.force_after(text, after) {
            Some((end, 0)) => Some(mention(end, c.military)),
            Some((end, 1)) => Some(mention(end, c.police)),
            Some((end, _)) if poss.is_none() => Some(mention(end, c.civilians)),
            _ => {
                let next = text[e..].trim_start();
                let w = &next[..next.find(|c: char| !c.is_alphabetic()).unwrap_or(next.len())];
                let prev_word =
                    text[..s].trim_end().rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or("");
                let after_prep = self.not_agent_after.contains(lowered(prev_word, &mut [0u8; 64]).as_ref());
                (!after_prep && !w.is_empty() && (ctx.is_agent_verb)(&lowered(w, &mut [0u8; 64])))
                    .then(|| mention(e, c.military))
            }
        }
    }

    /// A class noun ("militants"): the last named actor it can refer back to, else the generic
    /// actor it stands for.
    fn generic_mention(&self, text: &str, prior: &[Mention], gi: usize, s: usize, e: usize) -> Mention {
        let g = &self.generics[gi];
        let mut buf = [0u8; 64];
        let head = lowered(text[s..e].rsplit(' ').next().unwrap_or(""), &mut buf);
        // Class nouns ("rebels", "militants") never refer back to state forces.
        let resolved = if g.anaphoric {
            self.antecedent(prior, &head).filter(|&a| {
                !matches!(self.actors[a].kind, ActorKind::StateForces | ActorKind::ExternalForces)
            })
        } else {
            None
        };
        match resolved {
            Some(a) => Mention { start: s, end: e, actor: a, coreference: true, generic: false },
            None => Mention { start: s, end: e, actor: g.actor, coreference: false, generic: true },
        }
    }

    /// A definite description ("the group", "its forces"): the actor it refers back to, if any.
    fn anaphor_mention(&self, text: &str, prior: &[Mention], s: usize, e: usize) -> Option<Mention> {
        let phrase = text[s..e].to_lowercase();
        let head = phrase
            .rsplit(' ')
            .next()
            .unwrap_or("")
            .trim_end_matches("'s")
            .trim_end_matches("\u{2019}s")
            .to_string();
        // "its forces", "the group's fighters": the owner is the referent.
        let head = if phrase.contains("'s ") || phrase.contains("\u{2019}s ") {
            phrase
                .split(' ')
                .nth(1)
                .unwrap_or("")
                .trim_end_matches("'s")
                .trim_end_matches("\u{2019}s")
                .to_string()
        } else if phrase.starts_with("its ") {
            String::new()
        } else {
            head
        };
        let resolved = if head.is_empty() {
            self.last_named(prior)
        } else {
            self.antecedent(prior, &head).or_else(|| {
                // "the attackers": whoever attacked last, when no actor is called so.
                self.attacker_nouns.contains(head.as_str()).then(|| self.last_nonstate(prior)).flatten()
            })
        };
        resolved.map(|a| Mention { start: s, end: e, actor: a, coreference: true, generic: false })
    }
}
