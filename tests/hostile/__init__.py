"""The hostile corpus: bad values, hostile packages, far cells, faults and hostile requests,
each asserting a clear Indonesian message or a problem code, and the input cells unchanged."""
