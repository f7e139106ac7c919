"""One screen per mode: home, quiz, summary, explore, help."""
