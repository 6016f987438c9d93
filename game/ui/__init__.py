"""The Textual interface: the app, its screens, dialogs and widgets, the command catalogue
and the game session it is handed.  Nothing here holds game rules."""
