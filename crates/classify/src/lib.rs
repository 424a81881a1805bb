//! A small sparse linear text classifier whose training set, trainer and weights are all data.
//!
//! eventwire uses it to type event sentences: a multinomial logistic regression over word
//! unigrams, bigrams and stems ([`features`]), trained deterministically ([`train()`]) on
//! labelled sentences written for the project, and stored as a readable text file
//! ([`Classifier::write`] / [`Classifier::parse`]). Same training set, same bytes.
//!
//! ```
//! use eventwire_classify::{read_examples, train, Classifier, TrainOptions};
//!
//! let tsv = "label\ttext\n\
//!            SHELL\tArtillery shelled the village\n\
//!            SHELL\tMortars shelled the market\n\
//!            MARCH\tThousands marched through the capital\n\
//!            MARCH\tStudents marched to parliament\n";
//! let model = train(&read_examples(tsv, "example")?, &TrainOptions::default())?;
//! assert_eq!(model.predict("Rockets shelled the town").label, "SHELL");
//!
//! // The weights file reads back to the same model.
//! let file = model.write("trained on the example above");
//! assert_eq!(Classifier::parse(&file, "example")?, model);
//! # Ok::<(), eventwire_classify::ClassifyError>(())
//! ```

pub mod features;
mod model;
mod packed;
mod train;

pub use model::{Classifier, FeatureSums, Scored};
pub use train::{read_examples, train, Example, TrainOptions};

/// Errors of the classifier crate.
#[derive(Debug, thiserror::Error)]
pub enum ClassifyError {
    #[error("{origin}: line {line}: {message}")]
    Model { origin: String, line: usize, message: String },
    #[error("{origin}: line {line}: {message}")]
    Examples { origin: String, line: usize, message: String },
    #[error("no training examples")]
    NoExamples,
}
