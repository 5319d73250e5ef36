"""Events stage: event coding (PLOVER/CAMEO) and international reactions."""
