//! eventwire-store (in progress).
