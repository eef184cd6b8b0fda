"""The stage tools: intake, goals and values, the skills library and practice log."""
