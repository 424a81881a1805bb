//! Toponym recognition and resolution: [`PlaceTagger`].
//!
//! A text goes through one module per step (`pipeline` runs them in order):
//! - `tokens`: lower-case forms and name keys of the tokens;
//! - `matching` (lexical matching): the gazetteer readings of each capitalised run's names;
//! - `persons` and `recognition`: is a capitalised span a place? Context scores each
//!   candidate, and mentions of one name agree across the text;
//! - `containers`: "Town, Region" and lists of regions;
//! - `resolution`: which gazetteer record each accepted name is;
//! - `focus`: a minor place abroad that nothing else in the text concerns is a namesake;
//! - `relative`: "10 km east of X", "near X", unresolved places located from an anchor;
//! - `mention`: the reported place mentions.
//!
//! `place_tagger` holds what every step reads (the gazetteer, the word table of the lexicon);
//! `candidate`, `words` and `tally` are the shared data types. No module uses one that uses it.

mod candidate;
mod containers;
mod focus;
mod matching;
mod mention;
mod persons;
mod pipeline;
mod place_tagger;
mod recognition;
mod relative;
mod resolution;
mod tally;
mod tokens;
mod words;

pub use place_tagger::PlaceTagger;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_focus;
