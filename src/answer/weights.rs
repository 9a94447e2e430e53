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
        13.2824, 1.4191, 2.6222, 0.1916, 2.7887, 3.5351, 1.4299, 1.1448, -1.0185, -0.5908, 1.1140,
        1.3809, 0.6020, -2.1566, -2.0609, -2.1561, 0.0000,
    ],
    bias: -9.7201,
    gate: [
        0.0000, 0.0179, 3.2364, 0.0000, 0.9156, 0.0000, 0.0000, 0.0000, 0.5053, 0.1590, -0.4003,
        -2.1425, 0.0000, 1.1063, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,
    ],
    gate_bias: -2.9360,
    margin: 3.0,
};
/// Words only (no encoder available).
pub static LEXICAL: Model = Model {
    weights: [
        0.0000, 0.0000, 0.0000, 2.6720, 4.5049, 5.2169, 2.3706, 1.2146, -1.0397, -0.9773, 1.6859,
        1.3263, 0.6788, -2.3145, -1.8681, -2.4923, -0.0000,
    ],
    bias: -3.9042,
    gate: [
        0.0101, 0.0555, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.5400, 0.0953, 0.4505, -0.8538,
        -1.2172, 0.0000, 0.4151, 0.0000, 0.0000, 0.0000, 0.0000, -0.1434,
    ],
    gate_bias: -1.0142,
    margin: 2.0,
};
// END FITTED
