"""Reading documents into the document model (outcomes, paragraphs, sentences with offsets), with
all text repair.
"""
