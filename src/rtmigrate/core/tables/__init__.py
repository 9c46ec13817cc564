"""The beta → GA facts as data. Rules read these tables; they hold no logic.

Each module carries the section of the migration facts it comes from. Adding a
row here is the only change a newly found beta name needs.
"""
