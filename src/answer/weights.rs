//! The fitted answer model: a logistic score over the features of
//! [`super::ask::FEATURES`], one set of weights with the sentence encoder and one
//! without it (lexical only), each with its found/not-found threshold.
//!
//! Fitted by `benches/fit_answer.py` on the tuning half of the development questions
//! (`benches/questions/`); to refit, run `benches/run.sh answers` and paste the block
//! it prints here. Do not tune these by hand against single examples.

/// A fitted linear model over the candidate features.
#[derive(Debug)]
pub struct Model {
    /// One weight per feature.
    pub weights: [f32; 15],
    /// Added to every score.
    pub bias: f32,
    /// The best sentence must score at least this for the archive to answer.
    pub threshold: f32,
    /// Further sentences must score within this of the best one.
    pub margin: f32,
}

impl Model {
    /// The log-odds that a sentence with these features answers the question.
    pub fn score(&self, features: &[f32; 15]) -> f32 {
        self.bias
            + self
                .weights
                .iter()
                .zip(features)
                .map(|(w, f)| w * f)
                .sum::<f32>()
    }
}

// BEGIN FITTED (benches/fit_answer.py)
/// With the sentence encoder.
pub static SEMANTIC: Model = Model {
    weights: [
        6.0, 1.0, 1.0, 2.0, 1.0, 1.0, 1.0, 0.5, -0.5, -1.0, 0.3, 1.0, -0.5, 0.2, -0.5,
    ],
    bias: -7.0,
    threshold: 0.0,
    margin: 1.5,
};

/// Words only (no encoder available).
pub static LEXICAL: Model = Model {
    weights: [
        0.0, 0.0, 0.0, 4.0, 2.0, 1.0, 1.0, 0.5, -0.5, -1.0, 0.3, 1.0, -0.5, 0.2, -0.5,
    ],
    bias: -5.0,
    threshold: 0.0,
    margin: 1.5,
};
// END FITTED
