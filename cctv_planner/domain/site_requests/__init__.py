"""Members' site requests: the process from a councillor's concern to an installed, reviewed camera.

Pure rules (no database): the vocabulary, the transition table, the six
guiding principles, the cost estimate's defaults and the report maths.
"""
