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
        13.7038, 1.7705, 4.5544, 0.7413, 2.3365, 3.4641, 1.4219, 1.0586, -0.9630, -0.6082, 1.5706,
        1.1056, 0.7143, -2.6674, -2.3221, -1.5051, -0.0000,
    ],
    bias: -10.8358,
    gate: [
        0.0356, 0.0915, 3.7640, -0.4552, 1.2862, -1.0051, -2.6096, 0.5245, 0.4104, 0.0990, -0.3590,
        -1.9469, 0.0000, 1.0029, 0.0000, 0.0000, 0.0000, 0.0000, -0.8706,
    ],
    gate_bias: -2.0285,
    margin: 3.0,
};

/// Words only (no encoder available).
pub static LEXICAL: Model = Model {
    weights: [
        0.0000, 0.0000, 0.0000, 4.0003, 3.9878, 6.2954, 2.1957, 1.1647, -1.0226, -0.9539, 2.1694,
        0.1757, 0.8464, -2.9597, -2.1569, -1.4435, -0.0000,
    ],
    bias: -4.2320,
    gate: [
        0.0855, -0.1046, 0.0000, 0.0000, 0.0000, -0.4147, 0.6498, 0.6029, 0.5182, 0.7292, -0.3535,
        -0.5401, 0.0000, 0.9425, 0.0000, 0.0000, 0.0000, 0.0000, 0.0254,
    ],
    gate_bias: -2.2656,
    margin: 3.0,
};
// END FITTED
