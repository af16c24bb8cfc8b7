"""The desktop app's benchmarks (ISSUE 4): start-up, week switching, opening the editor, and
the idle cost of a running timer with the window hidden — on a 100k-entry store, each next to
floors measured in the same run."""
