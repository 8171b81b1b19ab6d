//! Azure DevOps REST access for adoboard: wire types, their conversion to domain
//! types, and lenient date parsing.

pub mod convert;
pub mod date;
pub mod model;
