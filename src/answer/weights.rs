//! The fitted answer model: a logistic score over the features of
//! [`super::ask::FEATURES`], one set of weights with the sentence encoder and one
//! without it (lexical only), each with its found/not-found threshold.
//!
//! Fitted by `benches/fit_answer.py` on the tuning half of the development questions
//! (`benches/questions/`); to refit, run `benches/answers.sh fit` and paste the blocks
//! it prints here. Do not tune these by hand against single examples.

use super::ask::FEATURES;

/// A fitted model: a linear ranking of candidate sentences (fitted listwise: which
/// sentence of a question's candidates answers it), and a logistic gate on the best
/// one that decides whether the archive answers at all.
#[derive(Debug)]
pub struct Model {
    /// Ranking weight of each feature.
    pub weights: [f32; FEATURES.len()],
    /// Added to every ranking score.
    pub bias: f32,
    /// Gate weights over the best candidate: its score, its lead over the runner-up,
    /// then its features.
    pub gate: [f32; FEATURES.len() + 2],
    /// Added to the gate; the archive answers when the gate is at least 0.
    pub gate_bias: f32,
    /// Further answer sentences must score within this of the best one.
    pub margin: f32,
}

impl Model {
    /// The ranking score of a sentence with these features.
    pub fn score(&self, features: &[f32; FEATURES.len()]) -> f32 {
        self.bias + dot(&self.weights, features)
    }

    /// Whether the best candidate (score `best`, features `features`) answers, given
    /// the runner-up's score (`None` when it is the only candidate).
    pub fn answers(
        &self,
        best: f32,
        runner_up: Option<f32>,
        features: &[f32; FEATURES.len()],
    ) -> bool {
        let lead = best - runner_up.unwrap_or(best - 5.0);
        let gate = self.gate_bias
            + self.gate[0] * best
            + self.gate[1] * lead
            + dot(&self.gate[2..], features);
        gate >= 0.0
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

// BEGIN FITTED (benches/fit_answer.py)
/// With the sentence encoder.
pub static SEMANTIC: Model = Model {
    weights: [
        13.2861, 1.3247, 2.6165, 0.2368, 2.7958, 3.5165, 1.4602, 1.1433, -1.0170, -0.5786, 1.4726,
        1.3742, 0.6136, -2.1689, -2.0628, -1.3323, -0.0000,
    ],
    bias: -9.7029,
    gate: [
        0.0000, 0.0193, 3.2413, 0.0000, 0.8818, 0.0000, 0.0000, 0.0000, 0.6344, 0.1659, -0.4001,
        -2.1417, 0.0000, 1.1106, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,
    ],
    gate_bias: -3.0459,
    margin: 3.0,
};

/// Words only (no encoder available).
pub static LEXICAL: Model = Model {
    weights: [
        0.0000, 0.0000, 0.0000, 2.6969, 4.4969, 5.2001, 2.3766, 1.2128, -1.0381, -0.9777, 2.0158,
        1.2799, 0.6726, -2.3159, -1.8675, -1.0533, 0.0000,
    ],
    bias: -3.8999,
    gate: [
        0.0186, 0.1532, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.6103, 0.0000, 0.5116, -0.9268,
        -1.3103, 0.0000, 0.6337, 0.0000, 0.0000, 0.0000, 0.0000, -0.1578,
    ],
    gate_bias: -1.1689,
    margin: 3.0,
};
// END FITTED
