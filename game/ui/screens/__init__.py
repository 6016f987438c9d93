"""The app's screens: title and new game, the game itself, the turn report, the end."""
