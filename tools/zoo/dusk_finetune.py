"""How far can fine-tuning on teacher-labelled dusk examples move the vqa student on new dusk
scenes, and does it matter where the trainable part starts? A measurement, not part of the build.

    /usr/bin/python3 tools/zoo/dusk_finetune.py --weights DIR --work DIR [--examples 128] [--epochs 30]
        [--teacher FILE] [--part head] [--device cuda] [--world-cli CMD]

DIR holds vqa-student.npz and vqa-teacher.npz (from `build.py --save-weights`; `--teacher` names
another teacher file, for students trained apart from their teacher); --work is the
build's dataset folder. The examples are new dusk items (seed 61, which no model trained on),
labelled by the teacher (its softmax, mapped onto the student's answers), as in distillation; the
held-out questions are the test split's dusk items; the student is then trained with cross-entropy to
those labels with Adam, with three trainable parts: the head alone (what head distillation
trains), everything after the trunk (the FiLM blocks and the head), and everything.
"""
import argparse
import copy
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from recipes import config  # noqa: E402
from recipes import data as dt  # noqa: E402
from recipes.context import Context  # noqa: E402
from recipes.nets import TeacherVqa  # noqa: E402
from recipes.tokenizer import QUESTION_TOKENS, Tokenizer  # noqa: E402
from recipes.train_util import Logger, load_weights, seed_all, to_device  # noqa: E402
from recipes.vqa import VqaSet, VqaStudent, teacher_answers  # noqa: E402

EXAMPLE_SEED = 61  # not a seed of recipes/config.py: data no model has seen

PARTS = {
    'head': lambda m: list(m.head.parameters()),
    'after-trunk': lambda m: list(m.head.parameters()) + [
        p for n, p in m.backbone.named_parameters()
        if not n.startswith(('trunk', 'grounding', 'question'))],
    'everything': lambda m: list(m.parameters()),
}


def accuracy(model, batch):
    with torch.no_grad():
        return (model(batch['image'], batch['question']).argmax(1) == batch['answer']).float().mean().item()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--weights', required=True)
    parser.add_argument('--work', required=True)
    parser.add_argument('--examples', type=int, default=128)
    parser.add_argument('--epochs', type=int, default=30)
    parser.add_argument('--batch', type=int, default=32)
    parser.add_argument('--lr', type=float, action='append', help='learning rate (default 1e-3 and 3e-4)')
    parser.add_argument('--teacher', help='the teacher\'s weights (default: DIR/vqa-teacher.npz)')
    parser.add_argument('--part', action='append', choices=sorted(PARTS), help='trainable part (default: all three)')
    parser.add_argument('--device', default='cpu', help='torch device, e.g. cuda')
    parser.add_argument('--world-cli', help='the command that runs the world CLI (default `npx vprog`)')
    args = parser.parse_args()
    torch.set_num_threads(2)
    seed_all(1)
    device = args.device
    ctx = Context(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), args.work, None,
                  config.full_plan(), Logger(echo=False), world_cli=args.world_cli)
    ctx.datasets['dusk-examples'] = ('vqa', 'train', EXAMPLE_SEED, max(args.examples, 1024), config.DUSK)
    train = dt.Dataset(ctx.path('dusk-examples'))
    test = dt.Dataset(ctx.path('vqa-test'), domains={'dusk'})
    tok = Tokenizer(train.vocab['words'], QUESTION_TOKENS)
    answers = list(train.vocab['answers'])
    closed = teacher_answers(answers)
    student = VqaStudent(len(tok.vocab), len(answers), 128)
    load_weights(os.path.join(args.weights, 'vqa-student.npz'), student)
    teacher = TeacherVqa(len(tok.vocab), len(closed), 128)
    load_weights(args.teacher or os.path.join(args.weights, 'vqa-teacher.npz'), teacher)
    student.to(device).eval()
    teacher.to(device).eval()
    examples = to_device(VqaSet(train, tok, answers).batch(range(args.examples)), device)
    held_out = VqaSet(test, tok, answers)
    held_out = to_device(held_out.batch(range(len(held_out))), device)
    with torch.no_grad():
        target = torch.zeros(args.examples, len(answers), device=device)
        target[:, [answers.index(a) for a in closed]] = F.softmax(teacher(examples['image'], examples['question']), 1)
    print('%d examples (teacher labels right on %.3f), %d held-out dusk questions; student %.3f'
          % (args.examples, (target.argmax(1) == examples['answer']).float().mean().item(),
             len(held_out['answer']), accuracy(student, held_out)), flush=True)
    for part in args.part or list(PARTS):
        params_of = PARTS[part]
        for lr in args.lr or [1e-3, 3e-4]:
            model = copy.deepcopy(student)
            for p in model.parameters():
                p.requires_grad = False
            params = params_of(model)
            for p in params:
                p.requires_grad = True
            opt = torch.optim.Adam(params, lr=lr)
            started = time.time()
            for _ in range(args.epochs):
                order = torch.randperm(args.examples, device=device)
                for i in range(0, args.examples, args.batch):
                    idx = order[i:i + args.batch]
                    logits = model(examples['image'][idx], examples['question'][idx])
                    loss = -(target[idx] * F.log_softmax(logits, 1)).sum(1).mean()
                    opt.zero_grad()
                    loss.backward()
                    opt.step()
            print('%-12s lr %.0e: examples %.3f, held-out dusk %.3f (%.0fs)'
                  % (part, lr, accuracy(model, examples), accuracy(model, held_out), time.time() - started), flush=True)


if __name__ == '__main__':
    main()
