#!/usr/bin/env python3
"""Build the disclosure catalogue: python build.py [build|check|init] --help"""
import sys

from sitegen.cli import main

if __name__ == "__main__":
    sys.exit(main())
