"""What every feature uses: paths, the clock, errors, messages, settings, names, the data-file
models and loaders, plain records."""
