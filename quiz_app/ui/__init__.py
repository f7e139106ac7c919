"""The Textual app. The only room that imports textual."""
