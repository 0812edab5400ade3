def validate(budget):
    pass
