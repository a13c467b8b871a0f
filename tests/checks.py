"""Assertion counting shared by the Python test scripts (e2e, qgis).

The closing line 'N passed, N failed' is the plain form CI reads as a test count.
"""
import sys


class Checks:
    def __init__(self):
        self.passed = 0
        self.failures = []

    def __call__(self, cond, what):
        if cond:
            self.passed += 1
        else:
            self.failures.append(what)
            print("FAIL:", what, flush=True)

    def summary(self):
        print(f"{self.passed} passed, {len(self.failures)} failed", flush=True)
        return 1 if self.failures else 0
