//! adoboard: a terminal work board for Azure DevOps that keeps its place through
//! Continuous Access Evaluation challenges.

pub mod action;
pub mod app;
pub mod auth;
pub mod domain;
pub mod keymap;
pub mod secret;
pub mod state;
pub mod ui;
