//! Coding one article, step by step: read it ([`Article`]), detect draft events per clause,
//! merge attempts with their outcome and repeated tellings, and write the events.

use crate::article::Article;
use crate::coder::{Coded, Coder, CodingInput};
use crate::doc::DocView;

impl Coder {
    /// Code a bare text (segmented here, with no places or times), e.g. one sentence of an
    /// evaluation set.
    pub fn code_text(&self, doc_id: &str, text: &str, published: Option<&str>) -> Coded {
        let seg = eventwire_text::segment(text);
        self.code(&CodingInput { doc_id, text, seg: &seg, title: None, places: &[], times: &[], published })
    }

    /// Code one article: actor mentions (Aho-Corasick over aliases, demonym + force-noun
    /// patterns, light coreference) → figures and claimants per sentence → clauses → the first
    /// rule that fires in each clause and passes its checks becomes a draft event → attempts
    /// merge with their outcome, repeated events merge → the main event (headline/lead) goes
    /// first.
    pub fn code(&self, input: &CodingInput) -> Coded {
        if input.text.is_empty() || input.seg.tokens.is_empty() {
            return Coded::default();
        }
        let mut scratch = String::new();
        let d = DocView::new(input.text, input.seg, &self.lemmas, &mut scratch);
        let mut article = Article::read(self, input, d);
        let figures = article.take_figures(self);
        let drafts = self.detect(&article);
        let drafts = self.merge_attempts(drafts);
        let mut warnings = Vec::new();
        let drafts = self.dedup(&article, drafts, &mut warnings);
        let drafts = self.type_by_model(&article, drafts);
        let events = self.finish(&article, drafts);
        Coded { actors: article.actor_mentions(self), events, figures, warnings }
    }
}
