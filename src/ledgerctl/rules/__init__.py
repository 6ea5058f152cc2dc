"""Rule files: shipped defaults plus workspace overrides, validated with pydantic.

A kernel group without commands: other groups use it only through ``ledgerctl.rules.api``
(``load_rule``, ``load_model``, ``find_rule_file``, ``list_rule_files``).
"""
