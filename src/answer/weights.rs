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
    /// Gate weight of the leftover similarity: how well the best few sentences speak
    /// to what the question asks beyond the words they share (see `leftover.rs`; 0
    /// without the encoder).
    pub gate_leftover: f32,
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

    /// Whether the archive answers, judged on the best candidate (score `best`,
    /// features `features`), the runner-up's score (`None` when it is the only
    /// candidate) and `leftover`, the best leftover similarity among the few best
    /// candidates (at least 0).
    pub fn answers(
        &self,
        best: f32,
        runner_up: Option<f32>,
        features: &[f32; FEATURES.len()],
        leftover: f32,
    ) -> bool {
        let lead = best - runner_up.unwrap_or(best - 5.0);
        let gate = self.gate_bias
            + self.gate[0] * best
            + self.gate[1] * lead
            + dot(&self.gate[2..], features)
            + self.gate_leftover * leftover;
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
        12.2273, 1.5688, 3.1682, 1.0573, 3.1438, 2.4112, 1.4414, 0.9507, -0.8418, -0.5560, 1.8182,
        0.7660, 0.5801, -1.6281, -1.3534, -2.0129, -0.0000,
    ],
    bias: -9.4009,
    gate: [
        0.0000, 0.0194, 2.2555, 0.0000, 0.7845, 0.0000, 0.0000, 0.0000, 0.4885, 0.1323, -0.3053,
        -2.0366, 0.0000, 1.1785, 0.0000, 0.0000, 0.0000, 0.0000, -0.1362,
    ],
    gate_leftover: 2.8960,
    gate_bias: -3.2480,
    margin: 3.0,
};
/// Words only (no encoder available).
pub static LEXICAL: Model = Model {
    weights: [
        0.0000, 0.0000, 0.0000, 3.1012, 4.7357, 3.9983, 2.3069, 1.0237, -0.8728, -0.9669, 2.2483,
        0.9603, 0.6233, -1.8664, -1.0971, -1.5915, 0.0000,
    ],
    bias: -3.5587,
    gate: [
        0.0475, 0.2082, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.8571, 0.0000, 0.4938, -0.3231,
        -1.1554, 0.0000, 0.8011, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,
    ],
    gate_leftover: 0.0000,
    gate_bias: -1.5177,
    margin: 3.0,
};
// END FITTED
