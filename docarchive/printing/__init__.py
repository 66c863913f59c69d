"""Printed output (PDF catalogues, labels, registers): shared by the customer and paper-archive features."""
