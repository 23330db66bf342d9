"""Pure rules: numbers in, numbers and labels out. No files, no Excel."""
