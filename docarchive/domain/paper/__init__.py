"""The paper archive (两套制): locations, boxes, volumes (案卷) and their items (件), and the codes on their labels."""
