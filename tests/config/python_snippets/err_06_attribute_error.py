x = 5
y = [].nonexistent
